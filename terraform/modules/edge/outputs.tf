output "alb_arn_suffix" {
  description = "ARN suffix of the ALB (CloudWatch dimension)."
  value       = aws_lb.this.arn_suffix
}

output "alb_dns_name" {
  description = "DNS name of the ALB; tenants point their custom domains here (CNAME)."
  value       = aws_lb.this.dns_name
}

output "site_target_group_arn" {
  description = "Target group the site service registers in."
  value       = aws_lb_target_group.site.arn
}

output "site_target_group_arn_suffix" {
  description = "ARN suffix of the site target group (request-count scaling, alarms)."
  value       = aws_lb_target_group.site.arn_suffix
}

output "site_cell_target_group_arns" {
  description = "Target group of each site cell, by cell name (\"search\": the search lane's)."
  value       = { for cell, group in aws_lb_target_group.site_cell : cell => group.arn }
}

output "site_cell_target_group_arn_suffixes" {
  description = "ARN suffix of each site cell's target group (request-count scaling), by cell name."
  value       = { for cell, group in aws_lb_target_group.site_cell : cell => group.arn_suffix }
}

output "gateway_target_group_arn" {
  description = "Target group the gateway service registers in."
  value       = aws_lb_target_group.gateway.arn
}

output "gateway_target_group_arn_suffix" {
  description = "ARN suffix of the gateway target group (request-count scaling)."
  value       = aws_lb_target_group.gateway.arn_suffix
}

output "custom_domain_validation_records" {
  description = "DNS records each tenant publishes for its custom domain's certificate, then a CNAME to alb_dns_name."
  value = {
    for domain, certificate in aws_acm_certificate.custom : domain => [
      for option in certificate.domain_validation_options : {
        name  = option.resource_record_name
        type  = option.resource_record_type
        value = option.resource_record_value
      }
    ]
  }
}
